import { parseQuery, withAuth } from '@/lib/http/with-auth';
import { exportScorecardCsv } from '@/lib/scorecard/export-scorecard-csv';
import { scorecardQuerySchema } from '@/lib/scorecard/scorecard-query.schema';

export const GET = withAuth(
  async ({ req, principal }) => {
    const { filename, stream } = await exportScorecardCsv(principal, parseQuery(req, scorecardQuerySchema));
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  },
  { permission: 'models.read' },
);
