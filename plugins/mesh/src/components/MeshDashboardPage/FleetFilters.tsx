import {
  FINDING_CATALOGUE,
  FINDING_CODES,
  type FindingCode,
  type FleetQuery,
  type Severity,
} from '@meshwise/plugin-mesh-common';
import { Grid, InputAdornment, TextField } from '@material-ui/core';
import SearchIcon from '@material-ui/icons/Search';
import { Autocomplete } from '@material-ui/lab';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export interface FleetFilterOptions {
  clusters: string[];
  namespaces: string[];
  /** Owner refs; with `teamNames`, their display names. */
  teams: string[];
  teamNames?: Record<string, string>;
}

const MultiFilter = <T extends string>(props: {
  label: string;
  options: readonly T[];
  value: T[] | undefined;
  onChange: (value: T[]) => void;
  /** Accept values not in the options (namespaces and teams the page has not seen). */
  freeSolo?: boolean;
  /** A longer label in the option list; chips keep the short value. */
  describeOption?: (option: T) => string;
}) => (
  <Autocomplete<T, true, false, boolean>
    multiple
    size="small"
    freeSolo={props.freeSolo}
    options={props.options as T[]}
    value={props.value ?? []}
    getOptionLabel={o => o}
    renderOption={o => props.describeOption?.(o) ?? o}
    onChange={(_, v) => props.onChange(v as T[])}
    renderInput={params => (
      <TextField {...params} variant="outlined" label={props.label} />
    )}
  />
);

/**
 * The filters shared by the services and findings tables. Each is a
 * labelled, keyboard-usable input; the search waits for a pause in typing
 * before it changes the URL and asks the backend.
 */
export const FleetFilters = (props: {
  query: FleetQuery;
  options: FleetFilterOptions;
  onChange: (change: Partial<FleetQuery>) => void;
}) => {
  const { query, options, onChange } = props;
  const [search, setSearch] = useState(query.search ?? '');
  useEffect(() => setSearch(query.search ?? ''), [query.search]);
  useDebounce(
    () => {
      if (search.trim() !== (query.search ?? '')) {
        onChange({ search: search.trim() || undefined });
      }
    },
    250,
    [search],
  );
  return (
    <Grid container spacing={2} role="search" aria-label="Filter the fleet">
      <Grid item xs={12} md={4}>
        <TextField
          fullWidth
          size="small"
          variant="outlined"
          id="mesh-fleet-search"
          label="Search"
          placeholder="Service, host, message…"
          value={search}
          onChange={e => setSearch(e.target.value)}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon aria-hidden />
              </InputAdornment>
            ),
          }}
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <MultiFilter
          label="Cluster"
          options={options.clusters}
          value={query.cluster}
          onChange={cluster => onChange({ cluster })}
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <MultiFilter
          label="Namespace"
          freeSolo
          options={options.namespaces}
          value={query.namespace}
          onChange={namespace => onChange({ namespace })}
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <MultiFilter
          label="Team"
          freeSolo
          options={options.teams}
          describeOption={t =>
            options.teamNames?.[t] ? `${options.teamNames[t]} (${t})` : t
          }
          value={query.team}
          onChange={team => onChange({ team })}
        />
      </Grid>
      <Grid item xs={6} md={2}>
        <MultiFilter
          label="Severity"
          options={SEVERITIES}
          value={query.severity}
          onChange={severity => onChange({ severity })}
        />
      </Grid>
      <Grid item xs={12} md={4}>
        <MultiFilter<FindingCode>
          label="Finding code"
          options={FINDING_CODES}
          value={query.code}
          describeOption={c =>
            `${c} ${FINDING_CATALOGUE[c]?.title ?? ''}`.trim()
          }
          onChange={code => onChange({ code })}
        />
      </Grid>
    </Grid>
  );
};
