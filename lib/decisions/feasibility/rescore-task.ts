// The job that re-checks a work center's orders when its floor state changes (queued by ingest, run by the worker).
export const RESCORE_WORK_CENTER_TASK = 'rescore-work-center';
