-- A model trained for the team is stored once, by the one host that trains (teamHost.ts),
-- with its predictions for every window: every other host puts them in its own file as they
-- are, instead of scoring every window again (a CNN takes minutes to). Window ids are
-- float64 and probabilities float32, little-endian, window-major in the model's class order.
CREATE TABLE model_predictions (
  model_id BIGINT PRIMARY KEY REFERENCES models(id),
  window_ids BYTEA NOT NULL,
  probs BYTEA NOT NULL
);
