//! Command and control (C2) decision logic of the Canopy air-defence simulator.
//!
//! The engine asks this crate which interceptor rounds to commit against which threats. Today the
//! crate holds the static weapon-target assignment, module [`wta`]:
//!
//! - [`wta::WtaProblem`]: values, kill probabilities and the constraints (allowed pairs, salvo caps
//!   per target, ready rounds per fire unit), validated on construction;
//! - [`wta::solve`]: maximum-marginal-return greedy and linear-assignment starts, local search,
//!   very-large-scale neighbourhoods (cyclic and path exchanges, assignment moves, exact region
//!   re-optimisation) inside an iterated local search, and an exact branch-and-bound for small
//!   instances ([`wta::branch_and_bound`]);
//! - [`wta::solve_instance_json`]: the JSON front end behind the `canopy wta INSTANCE.json` command;
//! - [`wta::generate`]: a bit-exact port of the benchmark instance generator `gen_wta.py`.
//!
//! Around the assignment, the engagement modules, in the order the engine calls them each C2
//! cycle:
//!
//! - [`evaluate`]: [`evaluate::evaluate`] classifies tracks ([`evaluate::ThreatClass`]),
//!   predicts their paths ([`evaluate::PredictedPath`]) and threatened assets, and ranks them;
//! - [`feasibility`]: [`feasibility::assess`] gives the predicted intercept, the reasons it is
//!   infeasible ([`feasibility::Infeasible`]) and the launch window for a track, a
//!   [`feasibility::FireUnit`] and a [`feasibility::WeaponType`];
//! - [`doctrine`]: [`doctrine::Doctrine::decide`], how many rounds a unit fires now;
//! - [`salvo`]: the closed forms of MODELS.md §4 and §5.2 and the Wilson interval that Monte
//!   Carlo validation uses.
//!
//! The library never reads the clock and has no global state: the caller times the solve, and
//! randomness arrives as an explicit `&mut R: rand::Rng`, so a seed fixes the result.

pub mod doctrine;
pub mod evaluate;
pub mod feasibility;
pub mod salvo;
pub mod wta;
