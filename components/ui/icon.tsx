// A handful of inline SVG icons: emoji and symbol fonts render differently on
// the plant's Perspective clients, an SVG looks the same everywhere.
export type IconName = 'blocking' | 'warning' | 'info' | 'check' | 'cross';

const PATHS: Record<IconName, string> = {
  blocking: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm-5 9h10v2H7v-2Z',
  warning: 'M12 2 1 21h22L12 2Zm-1 7h2v6h-2V9Zm0 8h2v2h-2v-2Z',
  info: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm-1 8h2v7h-2v-7Zm0-4h2v2h-2V6Z',
  check: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4L9 16.2Z',
  cross: 'M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12 19 6.4Z',
};

export function Icon({ name, label, tone }: { name: IconName; label?: string; tone?: 'red' | 'amber' | 'blue' | 'green' }) {
  return (
    <svg
      className={tone ? `icon icon--${tone}` : 'icon'}
      viewBox="0 0 24 24"
      fill="currentColor"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
