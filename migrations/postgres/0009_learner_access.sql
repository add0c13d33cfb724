-- Personal access for learners: a code (or the link carrying it) issued by the school, which
-- opens the learner's own data only. Only its SHA-256 is kept; it expires and can be revoked.
create table learner_access (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    learner_id uuid not null references learners (id),
    token_hash bytea not null unique,
    label text not null,
    created_by text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz
);
create index learner_access_by_learner on learner_access (provider_id, learner_id, created_at);
