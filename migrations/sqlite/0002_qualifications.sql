-- Qualification awards: one per learner and profile version, whatever the concurrency.
create unique index credentials_one_per_qualification on credentials (learner_id, profile_id) where kind = 'qualification';

create table awards (
    id blob primary key,
    provider_id blob not null references providers (id),
    learner_id blob not null references learners (id),
    profile_id blob not null references profiles (id),
    status text not null check (status in ('pending', 'refused', 'issued')),
    decided_by text,
    reason text,
    decided_at text,
    credential_id blob references credentials (id),
    created_at text not null,
    unique (learner_id, profile_id)
);
create index awards_by_provider on awards (provider_id, status);
