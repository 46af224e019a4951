select c.*, upper(c.currency_code) as code_upper
from {{ ref('currencies') }} c
