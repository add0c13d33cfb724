-- Failed sign-ins are counted per account and client address: five in a row from one address
-- lock the account for that address only, so nobody can keep a staff member locked out by
-- failing on purpose from elsewhere. (The columns of staff_accounts that counted per account
-- are no longer used.)
create table staff_login_locks (
    staff_id uuid not null references staff_accounts (id),
    client text not null,
    failed_logins integer not null,
    locked_until timestamptz,
    primary key (staff_id, client)
);
