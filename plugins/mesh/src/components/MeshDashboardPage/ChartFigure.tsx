import { InfoCard, Link } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { Fragment, ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/** A list a chart's bar leads to: its label, and the link (a search on this page). */
export interface ChartLink {
  label: string;
  to: string;
}

/**
 * A chart in a card. The drawing is one image to assistive technology, with
 * `summary` as its text: the same numbers in words. Bars that lead to a list
 * are clickable, and the same lists are links under the chart (for the
 * keyboard and screen readers, which cannot click a bar).
 */
export const ChartFigure = (props: {
  title: string;
  summary: string;
  height?: number;
  children: ReactElement;
  footer?: ReactElement;
  links?: ChartLink[];
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
      {(props.footer || props.links?.length) && (
        <figcaption>
          {props.links && props.links.length > 0 && (
            <Typography
              variant="caption"
              component="p"
              aria-label={`Lists behind ${props.title}`}
            >
              Show:{' '}
              {props.links.map((l, i) => (
                <Fragment key={l.to}>
                  {i > 0 && ' · '}
                  <Link to={l.to}>{l.label}</Link>
                </Fragment>
              ))}
            </Typography>
          )}
          {props.footer}
        </figcaption>
      )}
    </figure>
  </InfoCard>
);
