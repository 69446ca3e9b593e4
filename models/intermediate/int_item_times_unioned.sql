{#- Time spent on each item, every vendor, over its whole history: the union of
    int_labelbox__item_times, int_crowdai__item_times, int_superannotate__item_times and
    int_dataloop__item_times (each vendor's rule in its model's header). A sum over no
    reported durations is NULL. -#}

with

unioned as (
    {{ union_vendor_models([
        'int_labelbox__item_times',
        'int_crowdai__item_times',
        'int_superannotate__item_times',
        'int_dataloop__item_times',
    ]) }}
)

select * from unioned
