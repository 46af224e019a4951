{{ config(schema='audit', alias='audit_log') }}
select
    id,
    '{{ this }}' as written_to,
    '{{ this.schema }}' as schema_name,
    '{{ this.identifier }}' as table_name
from {{ source('raw', 'events') }}
