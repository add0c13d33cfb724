-- Per-provider audit log: each entry carries the hash of the previous one (see src/audit.rs).
-- `detail` keeps the exact JSON text that was hashed.
create table audit_log (
    provider_id blob not null references providers (id),
    seq integer not null,
    at text not null,
    actor text not null,
    action text not null,
    subject text,
    detail text not null,
    prev_hash blob not null,
    hash blob not null,
    primary key (provider_id, seq)
);
-- The last entry of each chain: appends lock this row, so concurrent writers queue.
create table audit_heads (
    provider_id blob primary key references providers (id),
    seq integer not null,
    hash blob not null
);
