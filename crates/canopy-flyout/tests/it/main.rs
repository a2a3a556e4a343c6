//! Integration tests of the 3-DOF flyout: hits on straight-line targets, the lateral-g limit
//! against a weaving target, Keplerian motion and MODELS §9, and the planning table's predicted
//! intercept against simulated flights, and terminal homing with a seeker.

mod common;
mod flyout;
mod kepler;
mod loft;
mod planning;
mod seeker;
