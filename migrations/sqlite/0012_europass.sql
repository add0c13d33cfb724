-- Europass: each provider's electronic seal (an X.509 e-seal certificate and its key, supplied
-- by the operator), with its history, and the certification authorities whose seals this
-- server trusts when it verifies a European Digital Credential.

-- A seal: the certificate chain as PEM (seal certificate first) and the private key sealed
-- under the master key like the Ed25519 keys. One is active per provider; the others stay for
-- the record (what they sealed keeps verifying from the certificate the seal carries).
create table seal_certificates (
    id blob primary key,
    provider_id blob not null references providers (id),
    -- SHA-256 of the seal certificate's DER, hex.
    sha256 text not null,
    alg text not null check (alg in ('RS256', 'PS256', 'ES256')),
    chain_pem text not null,
    sealed_key blob not null,
    -- organizationIdentifier (2.5.4.97) of the certificate: the issuer's eIDAS identifier.
    organization_identifier text not null,
    subject text not null,
    not_before text not null,
    not_after text not null,
    active boolean not null,
    created_at text not null,
    retired_at text,
    unique (provider_id, sha256)
);
create index seal_certificates_by_provider on seal_certificates (provider_id, created_at);

-- A trusted seal CA: an operator's PEM anchor, or a CA of an imported EU trusted list.
create table seal_trust_anchors (
    sha256 text primary key,
    pem text not null,
    subject text not null,
    not_after text not null,
    -- `operator`, or `trusted list <territory> #<sequence>` for an imported list.
    source text not null,
    added_at text not null
);

