{{ config(alias='instruments') }}
select instrument_id, isin, asset_class, currency from {{ source('raw', 'instruments') }} where is_active
