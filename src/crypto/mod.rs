//! Cryptography: keys, DID methods, the three proof forms and staff password hashing.
//! Nothing here touches storage or HTTP; callers pass keys and documents in. Uses `jsonld`
//! (canonicalization) and `support`.

pub mod di;
pub mod did;
pub mod jose;
pub mod keys;
pub mod password;
