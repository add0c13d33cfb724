-- An OID4VCI offer may carry several credentials (a learner's whole record in one scan): each
-- is delivered once, and the offer counts as delivered when all are. Offers made before carry
-- their one credential.
create table credential_offer_items (
    offer_id uuid not null references credential_offers (id),
    credential_id uuid not null references credentials (id),
    delivered_at timestamptz,
    primary key (offer_id, credential_id)
);
insert into credential_offer_items (offer_id, credential_id, delivered_at)
    select id, credential_id, delivered_at from credential_offers;
