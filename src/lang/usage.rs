//! clap's own words in the user's language.
