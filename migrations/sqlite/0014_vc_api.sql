-- Credentials issued through the VC-API (`POST /credentials/issue`): any VC 2.0 credential an
-- operator sends, secured as the provider, not tied to a learner or a unit. Each owns a status
-- index in the provider's lists like the school's credentials (the same reservation), so the
-- status lists are built from both tables. The body is the exact signed bytes answered.
create table api_credentials (
    id blob primary key,
    provider_id blob not null references providers (id),
    -- The credential's own `id`, when it has one (how the VC-API status endpoint names it).
    credential_id text,
    format text not null,
    media_type text not null,
    body blob not null,
    status_purpose text check (status_purpose in ('revocation', 'suspension')),
    status_list integer,
    status_index integer,
    status text not null default 'active' check (status in ('active', 'suspended', 'revoked')),
    status_reason text,
    status_changed_at text,
    key_ref text not null,
    issued_at text not null
);
create index api_credentials_by_credential_id on api_credentials (provider_id, credential_id);
create index api_credentials_by_status on api_credentials (provider_id, status_list, status)
    where status <> 'active';

-- Challenges this server handed out for presentations (the verifier page's presentation
-- request, `POST /presentations/challenges`): each answers one presentation, before it
-- expires. A challenge not listed here is the calling verifier's own to keep track of.
create table presentation_challenges (
    challenge text primary key,
    domain text not null,
    created_at text not null,
    expires_at text not null,
    used_at text
);
create index presentation_challenges_by_expiry on presentation_challenges (expires_at);
