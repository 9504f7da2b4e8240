// The engine's name in file names, model cards and model versions ('feasibility@3').
// Its own file so the API's model loader does not import the trainer.
export const FEASIBILITY_ENGINE = 'feasibility';
