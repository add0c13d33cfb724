-- Adults' routes to a unit. An assessment may say how the unit was assessed when not by the
-- school's own examination: validation of prior learning (jury, methods, portfolio digests)
-- or at the workplace (company, tutor, co-signature). Null: the school's assessment.
alter table assessments add column route text;

-- Companies that take learners on placement, and who is placed where.
create table companies (
    id blob primary key,
    provider_id blob not null references providers (id),
    name text not null,
    country_code text not null,
    -- The company's registration number (e.g. the Belgian enterprise number), when known.
    identifier text,
    created_at text not null
);
create unique index companies_by_name on companies (provider_id, name);

create table placements (
    id blob primary key,
    provider_id blob not null references providers (id),
    learner_id blob not null references learners (id),
    company_id blob not null references companies (id),
    starts_on text not null,
    ends_on text,
    created_by text not null,
    created_at text not null
);
create index placements_by_company on placements (company_id, learner_id);

-- A company tutor is a staff account or token of role `tutor`, tied to one company.
alter table staff_accounts add column company_id blob references companies (id);
create table api_tokens_new (
    id blob primary key,
    provider_id blob not null references providers (id),
    token_hash blob not null unique,
    role text not null check (role in ('admin', 'assessor', 'tutor')),
    label text not null,
    created_at text not null,
    revoked_at text,
    company_id blob references companies (id),
    check ((role = 'tutor') = (company_id is not null))
);
insert into api_tokens_new (id, provider_id, token_hash, role, label, created_at, revoked_at)
    select id, provider_id, token_hash, role, label, created_at, revoked_at from api_tokens;
drop table api_tokens;
alter table api_tokens_new rename to api_tokens;

-- A tutor's result for a unit that needs the school's co-signature waits here until a school
-- assessor confirms it (then it becomes an assessment) or refuses it.
create table workplace_results (
    id blob primary key,
    provider_id blob not null references providers (id),
    learner_id blob not null references learners (id),
    unit_id blob not null references units (id),
    company_id blob not null references companies (id),
    tutor text not null,
    assessed_on text not null,
    comment text,
    state text not null check (state in ('pending', 'confirmed', 'refused')),
    decided_by text,
    decided_at text,
    decision_note text,
    assessment_id blob references assessments (id),
    created_at text not null
);
create index workplace_results_by_provider on workplace_results (provider_id, state, created_at);
create unique index workplace_results_pending on workplace_results (learner_id, unit_id)
    where state = 'pending';

-- Validation of prior learning: a procedure per candidate and qualification, the portfolio's
-- documents (kept for the jury, hashed; only the digest and description go in a credential)
-- and the jury's decisions, each on one unit or a block of units.
create table validation_procedures (
    id blob primary key,
    provider_id blob not null references providers (id),
    learner_id blob not null references learners (id),
    profile_id blob not null references profiles (id),
    note text,
    opened_by text not null,
    opened_at text not null
);
create index validation_procedures_by_learner on validation_procedures (provider_id, learner_id);

create table portfolio_items (
    id blob primary key,
    procedure_id blob not null references validation_procedures (id),
    description text not null,
    file_name text,
    media_type text not null,
    size integer not null,
    sha256 blob not null,
    content blob not null,
    added_by text not null,
    added_at text not null
);
create index portfolio_items_by_procedure on portfolio_items (procedure_id, added_at);

create table validation_decisions (
    id blob primary key,
    procedure_id blob not null references validation_procedures (id),
    units text not null,
    outcome text not null check (outcome in ('validated', 'not_validated')),
    methods text not null,
    evidence text not null,
    jury text not null,
    decided_on text not null,
    note text,
    created_by text not null,
    created_at text not null
);
create index validation_decisions_by_procedure on validation_decisions (procedure_id, created_at);

-- Sign-in counts keep the time of their last attempt, so rows of addresses that stopped
-- trying are swept after a day instead of staying forever.
alter table staff_login_locks add column last_attempt_at text;
