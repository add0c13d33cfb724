-- unitcred schema, PostgreSQL dialect. Ids are native uuid, times timestamptz, dates date,
-- JSON jsonb (never used for signed bytes, which stay bytea). Every tenant-owned row carries
-- provider_id and every query filters on it.

create table providers (
    id uuid primary key,
    slug text not null unique,
    name text not null,
    country_code text not null,
    url text,
    did_method text not null check (did_method in ('web', 'key')),
    did text not null unique,
    quality_assurance text,
    created_at timestamptz not null
);

create table api_tokens (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    token_hash bytea not null unique,
    role text not null check (role in ('admin', 'assessor')),
    label text not null,
    created_at timestamptz not null,
    revoked_at timestamptz
);

create table provider_keys (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    key_ref text not null,
    public_key bytea not null,
    sealed_secret bytea not null,
    active boolean not null,
    created_at timestamptz not null,
    unique (provider_id, key_ref)
);

create table profiles (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    code text not null,
    version integer not null,
    document jsonb not null,
    locked boolean not null default false,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (provider_id, code, version)
);

create table units (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    profile_id uuid not null references profiles (id),
    code text not null,
    position integer not null,
    document jsonb not null,
    unique (profile_id, code)
);

create table learners (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    document jsonb not null,
    subject_salt text not null,
    created_at timestamptz not null
);
create index learners_by_provider on learners (provider_id, created_at);

create table credentials (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    learner_id uuid not null references learners (id),
    kind text not null check (kind in ('unit', 'qualification')),
    unit_id uuid references units (id),
    profile_id uuid not null references profiles (id),
    key_ref text not null,
    issued_at timestamptz not null
);
-- The guarantee behind "one credential per validated unit", whatever the concurrency.
create unique index credentials_one_per_unit on credentials (learner_id, unit_id) where kind = 'unit';
create index credentials_by_learner on credentials (provider_id, learner_id);

create table credential_documents (
    credential_id uuid not null references credentials (id),
    format text not null,
    media_type text not null,
    body bytea not null,
    primary key (credential_id, format)
);

create table assessments (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    learner_id uuid not null references learners (id),
    unit_id uuid not null references units (id),
    assessed_on date not null,
    outcome text not null check (outcome in ('validated', 'not_validated')),
    assessor text not null,
    assessment_type text not null,
    remediation_note text,
    credential_id uuid references credentials (id),
    created_at timestamptz not null
);
create index assessments_by_learner on assessments (provider_id, learner_id, assessed_on);

create table idempotency_keys (
    provider_id uuid not null references providers (id),
    idem_key text not null,
    request_hash bytea not null,
    status integer not null,
    response bytea not null,
    created_at timestamptz not null,
    primary key (provider_id, idem_key)
);
