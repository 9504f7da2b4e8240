// Shapes of the policies API as the console receives them (client-safe).
export const AUTONOMY_MODES = ['OFF', 'SHADOW', 'SUPERVISED', 'AUTO'] as const;
export type AutonomyMode = (typeof AUTONOMY_MODES)[number];

export interface PolicyItem {
  id: string;
  type: string;
  siteId: string;
  mode: AutonomyMode;
  autoThreshold: number;
  atRiskThreshold: number;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** One line each, shown under the mode so an admin knows what a change will do on the floor. */
export const MODE_EXPLANATION: Record<AutonomyMode, string> = {
  OFF: 'Off: orders of this type are not scored at this site.',
  SHADOW: 'Shadow: the AI records what it would do while people decide as before (parallel run).',
  SUPERVISED: 'Supervised: every recommendation waits for a person to approve it.',
  AUTO: 'Auto: posts by itself when confidence ≥ the auto-release threshold and no rule blocks; the rest wait for a person.',
};
