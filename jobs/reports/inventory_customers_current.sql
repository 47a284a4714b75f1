-- The customers table as it is now: the latest change per key, deletes removed.
SELECT id, first_name, last_name, email, last_op, changed_at
FROM beta.inventory_customers_latest
ORDER BY id
