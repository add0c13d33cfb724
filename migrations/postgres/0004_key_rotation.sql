-- Key rotation: a retired key stops signing but stays published so what it signed still
-- verifies; a compromised key is published with `revoked` from the given time.
alter table provider_keys add column retired_at timestamptz;
alter table provider_keys add column compromised_since timestamptz;
alter table provider_keys add column compromise_reason text;
