export const RESCORE_WORK_CENTER_TASK = 'rescore-work-center';
