{% snapshot orders_snapshot %}

{{
    config(
      target_schema='snapshots',
      unique_key='id',
      strategy='timestamp',
      updated_at='updated_at',
    )
}}

select id, status, updated_at from {{ source('shop', 'orders') }}

{% endsnapshot %}
