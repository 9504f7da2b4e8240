'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useCan } from '@/components/layout/current-user';
import type { ModelVersionView } from '@/lib/models/types';
import { SignedActionDialog, type SignedActionSpec } from '@/components/signed-action-dialog';
import { REASON_MAX } from '@/lib/models/model-lifecycle.schema';
import { usePromotions, usePutInShadow, useRequestPromotion } from './model-lifecycle-queries';

/** An admin's actions on one version row: put a candidate in shadow, ask for a candidate or shadow to be promoted. */
export function VersionActions({ version, active }: { version: ModelVersionView; active: ModelVersionView | null }) {
  const canManage = useCan('models.manage');
  const promotions = usePromotions(version.engine);
  const putInShadow = usePutInShadow(version.engine);
  const requestPromotion = useRequestPromotion(version.engine);
  const [dialog, setDialog] = useState<SignedActionSpec | null>(null);
  if (!canManage) return null;

  const promotable = version.status === 'CANDIDATE' || version.status === 'SHADOW';
  const pending = promotions.data?.items.find((p) => p.status === 'PENDING') ?? null;

  function openShadow() {
    setDialog({
      title: `Put ${version.modelId} in shadow`,
      summary: (
        <p>
          {version.modelId} scores every new recommendation beside {active?.modelId ?? 'the served model'}; its predictions are stored and compared, never acted on.
          What is served does not change. A version already in shadow goes back to being a candidate.
        </p>
      ),
      text: { maxLength: REASON_MAX, field: 'reason', label: 'Reason', required: false },
      sign: false,
      confirmLabel: 'Put in shadow',
      variant: 'primary',
      onSubmit: ({ text }) => putInShadow.mutateAsync({ version: version.version, reason: text || null }),
    });
  }

  function openRequest() {
    setDialog({
      title: `Request promotion of ${version.modelId}`,
      summary: (
        <p>
          Asks for {version.modelId} to replace {active?.modelId ?? 'the served model'}. Nothing changes until a different admin approves with their signature.
        </p>
      ),
      text: { maxLength: REASON_MAX, field: 'reason', label: 'Reason', required: true, placeholder: 'Why should this version serve? (what the shadow run and held-out metrics show)' },
      sign: false,
      confirmLabel: 'Request promotion',
      variant: 'primary',
      onSubmit: ({ text }) => requestPromotion.mutateAsync({ version: version.version, reason: text }),
    });
  }

  if (!promotable) return null;
  return (
    <>
      {version.status === 'CANDIDATE' ? (
        <Button size="small" variant="ghost" onClick={openShadow} data-testid="put-in-shadow">
          Put in shadow
        </Button>
      ) : null}
      <Button
        size="small"
        variant="ghost"
        onClick={openRequest}
        disabled={pending !== null || promotions.isPending}
        title={pending ? 'A promotion request is already waiting for approval' : undefined}
        data-testid="request-promotion"
      >
        Request promotion
      </Button>
      <SignedActionDialog spec={dialog} onClose={() => setDialog(null)} testId="lifecycle-dialog" testIdPrefix="lifecycle" />
    </>
  );
}
