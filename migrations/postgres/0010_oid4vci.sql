-- OID4VCI pre-authorized code flow: an offer of one credential to a wallet. The
-- pre-authorized code, the optional transaction code and the access token are kept as
-- SHA-256 only; an offer is redeemed once and expires.
create table credential_offers (
    id uuid primary key,
    provider_id uuid not null references providers (id),
    learner_id uuid not null references learners (id),
    credential_id uuid not null references credentials (id),
    code_hash bytea not null unique,
    tx_code_hash bytea,
    created_by text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    redeemed_at timestamptz,
    failed_attempts integer not null default 0,
    token_hash bytea unique,
    token_expires_at timestamptz,
    delivered_at timestamptz
);

-- c_nonce values handed out by the nonce endpoint; each is accepted in one key proof.
create table credential_nonces (
    nonce text primary key,
    provider_id uuid not null references providers (id),
    expires_at timestamptz not null,
    used_at timestamptz
);
