-- Staff accounts for the school console (roles as for API tokens), their browser sessions and
-- the learners' browser sessions (opened with an access code), and result-file imports that
-- run in the background and report their progress.
create table staff_accounts (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    email text not null unique,
    name text not null,
    role text not null,
    -- An Argon2id PHC string: salt and parameters included, never the password.
    password_hash text not null,
    -- Failed sign-ins in a row; at 5 the account is locked for 15 minutes.
    failed_logins integer not null default 0,
    locked_until timestamptz,
    created_by text not null,
    created_at timestamptz not null,
    disabled_at timestamptz
);
create index staff_accounts_by_provider on staff_accounts (provider_id, email);

create table web_sessions (
    token_hash bytea primary key,
    provider_id uuid not null references providers (id),
    staff_id uuid references staff_accounts (id),
    learner_id uuid references learners (id),
    access_id uuid references learner_access (id),
    created_at timestamptz not null,
    expires_at timestamptz not null
);

create table import_jobs (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    created_by text not null,
    state text not null,
    total bigint not null,
    written bigint not null,
    credentials_issued bigint not null,
    report text,
    error text,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
create index import_jobs_by_provider on import_jobs (provider_id, created_at);
