-- Every desk of the seed, columns taken from the CSV header.
select * from {{ ref('book_desks') }}
