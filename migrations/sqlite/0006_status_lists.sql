-- Credential status (Bitstring Status List): every credential owns one index in one of its
-- provider's lists; the same index is its bit in the revocation list and in the suspension
-- list. An index is reserved (status_slots, unique) before the credential is signed, so two
-- processes never hand out the same one; a reservation whose credential was never stored
-- stays an unused, always-zero bit.
create table status_lists (
    provider_id blob not null references providers (id),
    list_no integer not null,
    allocated integer not null,
    -- Bumped in the transaction of every status change, so a published list older than
    -- this is rebuilt before it is served.
    version integer not null,
    created_at text not null,
    primary key (provider_id, list_no)
);

create table status_slots (
    provider_id blob not null,
    list_no integer not null,
    idx integer not null,
    reserved_at text not null,
    primary key (provider_id, list_no, idx),
    foreign key (provider_id, list_no) references status_lists (provider_id, list_no)
);

alter table credentials add column status_list integer;
alter table credentials add column status_index integer;
alter table credentials add column status text not null default 'active'
    check (status in ('active', 'suspended', 'revoked'));
alter table credentials add column status_reason text;
alter table credentials add column status_changed_at text;
create index credentials_by_status on credentials (provider_id, status_list, status)
    where status <> 'active';

-- The signed list credentials as last published, per purpose.
create table status_list_documents (
    provider_id blob not null,
    list_no integer not null,
    purpose text not null check (purpose in ('revocation', 'suspension')),
    version integer not null,
    valid_until text not null,
    body blob not null,
    primary key (provider_id, list_no, purpose)
);

-- A qualification credential suspended because a unit credential it rests on was revoked,
-- waiting for (or holding) the decision to reinstate or revoke it.
create table qualification_reviews (
    id blob primary key,
    provider_id blob not null references providers (id),
    credential_id blob not null references credentials (id),
    cause_credential_id blob not null references credentials (id),
    reason text not null,
    opened_at text not null,
    decision text check (decision in ('reinstate', 'revoke')),
    decision_reason text,
    decided_by text,
    decided_at text
);
create index qualification_reviews_by_provider on qualification_reviews (provider_id, opened_at);

-- A revoked credential no longer counts: the unit can be validated (and the qualification
-- awarded) again, with a new credential.
drop index credentials_one_per_unit;
create unique index credentials_one_per_unit on credentials (learner_id, unit_id)
    where kind = 'unit' and status <> 'revoked';
drop index credentials_one_per_qualification;
create unique index credentials_one_per_qualification on credentials (learner_id, profile_id)
    where kind = 'qualification' and status <> 'revoked';
