-- OID4VCI pre-authorized code flow: an offer of one credential to a wallet. The
-- pre-authorized code, the optional transaction code and the access token are kept as
-- SHA-256 only; an offer is redeemed once and expires.
create table credential_offers (
    id blob primary key,
    provider_id blob not null references providers (id),
    learner_id blob not null references learners (id),
    credential_id blob not null references credentials (id),
    code_hash blob not null unique,
    tx_code_hash blob,
    created_by text not null,
    created_at text not null,
    expires_at text not null,
    redeemed_at text,
    failed_attempts integer not null default 0,
    token_hash blob unique,
    token_expires_at text,
    delivered_at text
);

-- c_nonce values handed out by the nonce endpoint; each is accepted in one key proof.
create table credential_nonces (
    nonce text primary key,
    provider_id blob not null references providers (id),
    expires_at text not null,
    used_at text
);
