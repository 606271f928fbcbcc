import { render, screen } from '@testing-library/react';
import { MtlsChip } from './StatusChips';

const toneOf = (label: string) =>
  screen.getByText(label).closest('[data-tone]')?.getAttribute('data-tone');

describe('MtlsChip', () => {
  it('shows a DISABLE the data plane causes as an intended exception, not a red DISABLE', () => {
    render(<MtlsChip mode="DISABLE" bypassed />);
    expect(toneOf('Not proxied')).toBe('neutral');
    expect(screen.queryByText('DISABLE')).not.toBeInTheDocument();
  });

  it('takes the colour of an error or warning about it, and ignores info', () => {
    render(
      <>
        <MtlsChip mode="STRICT" state="error" />
        <MtlsChip mode="PERMISSIVE" state="info" />
        <MtlsChip mode="DISABLE" bypassed state="warning" />
      </>,
    );
    expect(toneOf('STRICT')).toBe('error');
    expect(screen.getByText('STRICT').closest('[data-tone]')).toHaveAttribute(
      'title',
      'mTLS: STRICT, contradicted by a finding',
    );
    expect(toneOf('PERMISSIVE')).toBe('warning');
    expect(toneOf('Not proxied')).toBe('warning');
  });
});
