//! Cryptography: keys, DID methods and the three proof forms. Nothing here touches storage
//! or HTTP; callers pass keys and documents in.

pub mod di;
pub mod did;
pub mod jcs;
pub mod jose;
pub mod keys;
