select
    {{ dbt_utils.star(from=ref('stg_orders'), except=['_loaded_at']) }}
from {{ ref('stg_orders') }}
