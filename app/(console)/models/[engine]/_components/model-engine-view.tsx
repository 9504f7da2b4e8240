'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/spinner';
import { apiGet, isApiError } from '@/lib/http/api-client';
import { modelKeys } from '@/lib/models/query-keys';
import type { ModelEngineDetail } from '@/lib/models/types';
import { VersionsSection } from './versions-section';
import { VersionDetail } from './version-detail';
import { LiveSection } from './live-section';
import { LifecyclePanel } from './lifecycle-panel';
import { ShadowComparison } from './shadow-comparison';

function BackLink() {
  return (
    <div>
      <Link href="/models" className="btn btn--ghost btn--small">
        ‹ Models
      </Link>
    </div>
  );
}

export function ModelEngineView({ engine }: { engine: string }) {
  const detail = useQuery({
    queryKey: modelKeys.engine(engine),
    queryFn: () => apiGet<ModelEngineDetail>(`/api/models/${encodeURIComponent(engine)}`),
  });
  const [selected, setSelected] = useState<number | null>(null);

  if (detail.isPending) {
    return (
      <div className="page" aria-busy="true" aria-label="Loading the model">
        <BackLink />
        <section className="card" style={{ display: 'grid', gap: 10 }}>
          <Skeleton width="40%" height={24} />
          <Skeleton width="70%" />
          <Skeleton width="90%" height={160} />
        </section>
      </div>
    );
  }
  if (detail.isError) {
    const notFound = isApiError(detail.error) && (detail.error.status === 404 || detail.error.status === 400);
    return (
      <div className="page">
        <BackLink />
        <section className="card">
          {notFound ? (
            <EmptyState title="No such engine" action={<Link href="/models">Back to the models</Link>} />
          ) : (
            <ErrorState title="Could not load this model" message={detail.error.message} onRetry={() => void detail.refetch()} retrying={detail.isFetching} />
          )}
        </section>
      </div>
    );
  }

  const data = detail.data;
  const active = data.versions.find((v) => v.status === 'ACTIVE') ?? null;
  const shown = data.versions.find((v) => v.version === selected) ?? active ?? data.versions[0] ?? null;

  return (
    <div className="page">
      <BackLink />
      <div className="page-head">
        <div>
          <h1>{data.title}</h1>
          <p className="page-head__sub">
            {data.predicts} Engine <span className="mono">{data.engine}</span> · scores <span className="mono">{data.decisionType}</span>
          </p>
        </div>
      </div>

      {data.versions.length === 0 ? (
        <section className="card">
          <EmptyState title="No version registered yet">
            Train one with <code>npm run train -- {data.engine}</code>, or record the files already in the models folder with{' '}
            <code>npm run train -- {data.engine} --register-only</code>.
          </EmptyState>
        </section>
      ) : (
        <>
          <LifecyclePanel engine={data.engine} versions={data.versions} currentFileVersion={data.currentFileVersion} />
          <VersionsSection versions={data.versions} selected={shown?.version ?? null} onSelect={setSelected} />
          {shown ? <VersionDetail version={shown} /> : null}
        </>
      )}

      <LiveSection engine={data.engine} />
      <ShadowComparison engine={data.engine} />
    </div>
  );
}
