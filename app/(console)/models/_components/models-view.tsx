'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/spinner';
import { formatDateTime } from '@/components/ui/format';
import { apiGet } from '@/lib/http/api-client';
import { modelKeys } from '@/lib/models/query-keys';
import type { ModelEngineSummary, ModelVersionSummary } from '@/lib/models/types';

export function ModelsView() {
  const list = useQuery({
    queryKey: modelKeys.list(),
    queryFn: () => apiGet<{ items: ModelEngineSummary[] }>('/api/models'),
  });

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Models</h1>
          <p className="page-head__sub">Trained versions per decision engine, their held-out metrics and how they behave live</p>
        </div>
      </div>

      {list.isPending ? (
        <section className="card" aria-busy="true" aria-label="Loading models">
          <div style={{ display: 'grid', gap: 10 }}>
            <Skeleton width="40%" height={20} />
            <Skeleton width="80%" />
            <Skeleton width="60%" />
          </div>
        </section>
      ) : list.isError ? (
        <section className="card">
          <ErrorState title="Could not load the models" message={list.error.message} onRetry={() => void list.refetch()} retrying={list.isFetching} />
        </section>
      ) : list.data.items.length === 0 ? (
        <section className="card">
          <EmptyState title="No engine has a model" />
        </section>
      ) : (
        list.data.items.map((engine) => <EngineCard key={engine.engine} engine={engine} />)
      )}
    </div>
  );
}

function VersionFact({ label, version }: { label: string; version: ModelVersionSummary | null }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        {version ? (
          <>
            <span className="mono">{version.modelId}</span>{' '}
            <span className="muted small">
              {version.headline.name} {version.headline.value === null ? '—' : version.headline.value.toFixed(3)} · trained {formatDateTime(version.trainedAt)}
            </span>
          </>
        ) : (
          '—'
        )}
      </dd>
    </div>
  );
}

function EngineCard({ engine }: { engine: ModelEngineSummary }) {
  return (
    <section className="card" aria-labelledby={`engine-${engine.engine}`} data-testid={`engine-${engine.engine}`}>
      <div className="card__title">
        <h2 id={`engine-${engine.engine}`}>
          <Link href={`/models/${engine.engine}`}>{engine.title}</Link>
        </h2>
        <Badge tone={engine.active ? 'green' : 'neutral'}>{engine.versions === 1 ? '1 version' : `${engine.versions} versions`}</Badge>
      </div>
      <p className="muted" style={{ marginTop: 0 }}>
        {engine.predicts} Scores <span className="mono">{engine.decisionType}</span> recommendations.
      </p>
      {engine.versions === 0 ? (
        <EmptyState title="No version registered yet">
          Train one with <code>npm run train -- {engine.engine}</code>, or record the files already in the models folder with{' '}
          <code>npm run train -- {engine.engine} --register-only</code>.
        </EmptyState>
      ) : (
        <dl className="facts">
          <VersionFact label="Active" version={engine.active} />
          <VersionFact label="Newest candidate" version={engine.latestCandidate} />
          <div>
            <dt>Details</dt>
            <dd>
              <Link href={`/models/${engine.engine}`}>Metrics, calibration, live scores and drift ›</Link>
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
