-- An award whose qualification credential was revoked stays on record, marked `revoked`, and
-- no longer stands in the way of a new award for the same learner and profile. SQLite cannot
-- change a check or a table constraint in place: the table is rebuilt.
create table awards_new (
    id blob primary key,
    provider_id blob not null references providers (id),
    learner_id blob not null references learners (id),
    profile_id blob not null references profiles (id),
    status text not null check (status in ('pending', 'refused', 'issued', 'revoked')),
    decided_by text,
    reason text,
    decided_at text,
    credential_id blob references credentials (id),
    created_at text not null
);
insert into awards_new (id, provider_id, learner_id, profile_id, status, decided_by, reason,
                        decided_at, credential_id, created_at)
    select id, provider_id, learner_id, profile_id, status, decided_by, reason, decided_at,
           credential_id, created_at from awards;
drop table awards;
alter table awards_new rename to awards;
create index awards_by_provider on awards (provider_id, status);
create unique index awards_one_current on awards (learner_id, profile_id) where status <> 'revoked';
