// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FindingsList } from '../../../../renderer/ui/findings-list';

afterEach(cleanup);

const show = (findings: Parameters<typeof FindingsList>[0]['findings'], empty?: string) =>
  render(
    <MantineProvider env="test">
      <FindingsList findings={findings} {...(empty ? { empty } : {})} />
    </MantineProvider>,
  );

describe('FindingsList', () => {
  it('puts errors before warnings, and notes apart', () => {
    show([
      { code: 'key-ed25519', level: 'note', message: 'Ed25519' },
      { code: 'aki-missing', level: 'warning', message: 'no AKI' },
      { code: 'cert-expired', level: 'error', message: 'expired' },
    ]);
    const serious = within(screen.getByTestId('findings-serious')).getAllByTestId('finding');
    expect(serious.map((f) => f.getAttribute('data-code'))).toEqual(['cert-expired', 'aki-missing']);
    const notes = within(screen.getByTestId('findings-notes')).getAllByTestId('finding');
    expect(notes.map((f) => f.getAttribute('data-level'))).toEqual(['note']);
  });

  it('says the empty sentence when there is nothing, and nothing without one', () => {
    show([], 'Lint: no findings ✓');
    expect(screen.getByTestId('findings-none').textContent).toBe('Lint: no findings ✓');
    cleanup();
    const { container } = show([]);
    expect(container.querySelector('[data-testid="findings"]')).toBeNull();
  });
});
