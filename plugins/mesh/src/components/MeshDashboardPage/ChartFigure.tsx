import { InfoCard } from '@backstage/core-components';
import { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * A chart in a card. The drawing is one image to assistive technology, with
 * `summary` as its text: the same numbers in words.
 */
export const ChartFigure = (props: {
  title: string;
  summary: string;
  height?: number;
  children: ReactElement;
  footer?: ReactElement;
}) => (
  <InfoCard
    title={props.title}
    variant="gridItem"
    titleTypographyProps={{ component: 'h2', variant: 'h6' }}
  >
    <figure style={{ margin: 0 }}>
      <div
        role="img"
        aria-label={`${props.title}: ${props.summary}`}
        style={{ height: props.height ?? 220 }}
      >
        <ResponsiveContainer width="100%" height="100%">
          {props.children}
        </ResponsiveContainer>
      </div>
      {props.footer && <figcaption>{props.footer}</figcaption>}
    </figure>
  </InfoCard>
);
