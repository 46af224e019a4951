select
    {{ adapter.quote('Contact Id') }} as contact_id,
    {{ adapter.quote('Email') }} as email
from {{ source('crm', 'contacts') }}
