// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SectionRail } from '../../../../../renderer/features/rail/section-rail';
import { SECTIONS, sectionOf } from '../../../../../renderer/features/rail/sections';
import { i18n } from '../../../../../renderer/i18n/i18n';
import { createAppStore } from '../../../../../renderer/store/app-store';
import { StoreProvider } from '../../../../../renderer/store/store-context';
import { fakeHost } from '../../../../support/renderer/fake-api';

afterEach(cleanup);

function setup() {
  const store = createAppStore(fakeHost().api);
  render(
    <MantineProvider env="test">
      <StoreProvider store={store}>
        <SectionRail />
      </StoreProvider>
    </MantineProvider>,
  );
  return store;
}

describe('SectionRail', () => {
  it('has one button per section of the table, the current one marked', () => {
    setup();
    expect(SECTIONS.map((s) => s.id)).toEqual(['connections', 'certificates', 'lab', 'matrix']);
    for (const s of SECTIONS) expect(screen.getByRole('button', { name: i18n.t(`rail:sections.${s.id}`) })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Connections' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('button', { name: 'Certificates' }).getAttribute('aria-current')).toBeNull();
  });

  it('switches by click and by Alt+number', () => {
    const store = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Certificates' }));
    expect(store.getState().section).toBe('certificates');
    expect(screen.getByRole('button', { name: 'Certificates' }).getAttribute('aria-current')).toBe('page');
    fireEvent.keyDown(document.documentElement, { key: '3', code: 'Digit3', altKey: true });
    expect(store.getState().section).toBe('lab');
    fireEvent.keyDown(document.documentElement, { key: '4', code: 'Digit4', altKey: true });
    expect(store.getState().section).toBe('matrix');
    fireEvent.keyDown(document.documentElement, { key: '1', code: 'Digit1', altKey: true });
    expect(store.getState().section).toBe('connections');
  });

  it('falls back to the first section for an id it does not know', () => {
    expect(sectionOf('no-such-section').id).toBe('connections');
    expect(sectionOf('matrix').id).toBe('matrix');
  });
});
