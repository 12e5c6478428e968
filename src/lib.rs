#![forbid(unsafe_code)]
pub mod error;
pub mod suffix;
pub mod domain;
pub mod confusables;
pub mod keyboard;
pub mod kind;
pub mod score;
pub mod generate;
pub use error::Error;
pub use domain::Domain;
pub use suffix::Suffixes;
pub use kind::Kind;
pub use generate::{Generator, Variant, variants};
