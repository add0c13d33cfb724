-- Qualification awards: one per learner and profile version, whatever the concurrency.
create unique index credentials_one_per_qualification on credentials (learner_id, profile_id) where kind = 'qualification';

create table awards (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    learner_id uuid not null references learners (id),
    profile_id uuid not null references profiles (id),
    status text not null check (status in ('pending', 'refused', 'issued')),
    decided_by text,
    reason text,
    decided_at timestamptz,
    credential_id uuid references credentials (id),
    created_at timestamptz not null,
    unique (learner_id, profile_id)
);
create index awards_by_provider on awards (provider_id, status);
