{#- One row per option a Labelbox label chose on a classification question
    (`annotations.classifications[]` of projects.<id>.labels[]): a radio answer is one row, a
    checklist one row per chosen option, an empty checklist one row with a NULL option (the
    empty set). Text answers and classifications of another kind are one row with a NULL
    option and answer_kind `text` / `other`, so every classification is seen. Nested
    classifications one level down (under a radio answer or a checklist option) are
    questions of their own named by their path `<question>/<answer>/<nested question>`;
    deeper levels and the sub-classifications of objects are not read. Question and option
    are `value`, else `name`. Labels without an `id` are left out, as in stg_labelbox__labels. -#}

{{ config(**incremental_by_base_rows('base_labelbox__export_v2', 'labelbox', 'export_v2')) }}

with

labels as (
    {{ labelbox_labels_unnested() }}
),

top_classifications as (
    select
        labels.vendor,
        labels.project_id,
        labels.data_row_id,
        labels.label_id,
        cast(0 as {{ dbt.type_int() }}) as nesting_level,
        coalesce(
            {{ json_text('classification.classification_value', 'value') }},
            {{ json_text('classification.classification_value', 'name') }}
        ) as question,
        classification.classification_value as classification_json,
        labels.source_file,
        labels.source_row,
        labels.source_loaded_at,
        labels.base_written_at
    from labels
    {{ json_each('labels.label_json', 'annotations.classifications', 'classification') }}
    where labels.label_id is not null and labels.label_id <> ''
),

top_radio_answers as (
    {#- The chosen answers of the top-level questions that may hold nested classifications:
        the radio answer object here, each checklist option object below. -#}
    select
        *,
        {{ json_fragment('classification_json', 'radio_answer') }} as answer_json
    from top_classifications
    where {{ json_type('classification_json', 'radio_answer') }} = 'object'
),

top_checklist_answers as (
    select
        top_classifications.*,
        top_option.top_option_value as answer_json
    from top_classifications
    {{ json_each('top_classifications.classification_json', 'checklist_answers', 'top_option') }}
),

top_answers as (
    select * from top_radio_answers
    union all
    select * from top_checklist_answers
),

nested_classifications as (
    select
        top_answers.vendor,
        top_answers.project_id,
        top_answers.data_row_id,
        top_answers.label_id,
        cast(1 as {{ dbt.type_int() }}) as nesting_level,
        {{ dbt.concat([
            'top_answers.question',
            "'/'",
            "coalesce(" ~ json_text('top_answers.answer_json', 'value') ~ ", "
                ~ json_text('top_answers.answer_json', 'name') ~ ")",
            "'/'",
            "coalesce(" ~ json_text('nested.nested_value', 'value') ~ ", "
                ~ json_text('nested.nested_value', 'name') ~ ")",
        ]) }} as question,
        nested.nested_value as classification_json,
        top_answers.source_file,
        top_answers.source_row,
        top_answers.source_loaded_at,
        top_answers.base_written_at
    from top_answers
    {{ json_each('top_answers.answer_json', 'classifications', 'nested') }}
),

classifications as (
    select * from top_classifications
    union all
    select * from nested_classifications
),

classified as (
    select
        *,
        case
            when {{ json_type('classification_json', 'radio_answer') }} = 'object' then 'radio'
            when {{ json_type('classification_json', 'checklist_answers') }} = 'array' then 'checklist'
            when {{ json_type('classification_json', 'text_answer') }} is not null then 'text'
            else 'other'
        end as answer_kind
    from classifications
),

radio_options as (
    select
        vendor,
        project_id,
        data_row_id,
        label_id,
        nesting_level,
        question,
        answer_kind,
        coalesce(
            {{ json_text('classification_json', 'radio_answer.value') }},
            {{ json_text('classification_json', 'radio_answer.name') }}
        ) as answer_option,
        false as is_empty_set,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from classified
    where answer_kind = 'radio'
),

checklist_options as (
    select
        classified.vendor,
        classified.project_id,
        classified.data_row_id,
        classified.label_id,
        classified.nesting_level,
        classified.question,
        classified.answer_kind,
        coalesce(
            {{ json_text('checklist_option.checklist_option_value', 'value') }},
            {{ json_text('checklist_option.checklist_option_value', 'name') }}
        ) as answer_option,
        false as is_empty_set,
        classified.source_file,
        classified.source_row,
        classified.source_loaded_at,
        classified.base_written_at
    from classified
    {{ json_each('classified.classification_json', 'checklist_answers', 'checklist_option') }}
    where classified.answer_kind = 'checklist'
),

options_absent as (
    {#- An empty checklist answers the empty set; text and unknown kinds carry no option. -#}
    select
        vendor,
        project_id,
        data_row_id,
        label_id,
        nesting_level,
        question,
        answer_kind,
        cast(null as {{ dbt.type_string() }}) as answer_option,
        answer_kind = 'checklist' as is_empty_set,
        source_file,
        source_row,
        source_loaded_at,
        base_written_at
    from classified
    where
        answer_kind in ('text', 'other')
        or (answer_kind = 'checklist' and {{ json_array_length('classification_json', 'checklist_answers') }} = 0)
),

renamed as (
    select * from radio_options
    union all
    select * from checklist_options
    union all
    select * from options_absent
)

select * from renamed
