import { expect, Locator, Page, test } from '@playwright/test';
import { openAsGuest } from './signIn';

/**
 * Readability at common laptop widths: no table cell breaks a word across
 * lines ("Ser vice", "P o d s") and the main content never needs a
 * horizontal scroll bar. Measured in the browser, not by comparing pixels:
 * a word wraps when the boxes of its characters lie on more than one line.
 */

interface WrappedWord {
  word: string;
  cell: string;
}

/**
 * Every word, in every table cell and description list under `main`, whose
 * rendered boxes lie on more than one line. A word is a run of letters and
 * digits: "Ser|vice" and "P|o|d|s" count, a break after the "/" of
 * "istio-system/default" does not (long names are cut with an ellipsis
 * instead, which this cannot see). A Range over the word gives one client
 * rect per line fragment.
 */
async function wordsWrappedInCells(
  page: Page,
  cardTitle?: string,
): Promise<WrappedWord[]> {
  return page.evaluate(title => {
    const root = rootOf(title);
    const wrapped: { word: string; cell: string }[] = [];
    if (!root) return [{ word: '', cell: `no card titled ${title}` }];
    const cells = root.querySelectorAll(
      'td, th, [role="cell"], [role="columnheader"], dt, dd',
    );
    for (const cell of Array.from(cells)) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/[\p{L}\p{N}_]+/gu)) {
          const range = document.createRange();
          range.setStart(node, match.index!);
          range.setEnd(node, match.index! + match[0].length);
          const boxes = Array.from(range.getClientRects()).filter(
            r => r.width > 0 && r.height > 0,
          );
          // Fragments on one line share their vertical middle (within half a line).
          const middle = (r: DOMRect) => r.top + r.height / 2;
          const onOneLine = boxes.every(
            r => Math.abs(middle(r) - middle(boxes[0])) < boxes[0].height / 2,
          );
          if (!onOneLine) {
            wrapped.push({
              word: match[0],
              cell: (cell.textContent ?? '').slice(0, 80),
            });
          }
        }
      }
    }
    return wrapped;
  }, cardTitle);
}

/** Elements under `main` (or one card of it) whose content is wider than they are, and the page itself. */
async function horizontalOverflow(
  page: Page,
  cardTitle?: string,
): Promise<string[]> {
  return page.evaluate(title => {
    const main = rootOf(title);
    if (!main) return [`no ${title ? `card titled ${title}` : '<main>'}`];
    const found: string[] = [];
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${
        el.getAttribute('aria-label')
          ? `[${el.getAttribute('aria-label')}]`
          : ''
      } ${el.scrollWidth} > ${el.clientWidth}`;
    if (document.documentElement.scrollWidth > window.innerWidth) {
      found.push(
        `page ${document.documentElement.scrollWidth} > ${window.innerWidth}`,
      );
    }
    for (const el of [main, ...Array.from(main.querySelectorAll('*'))]) {
      const style = getComputedStyle(el);
      const scrolls = ['auto', 'scroll'].includes(style.overflowX);
      if ((el === main || scrolls) && el.scrollWidth > el.clientWidth + 1) {
        found.push(describe(el));
      }
    }
    return found;
  }, cardTitle);
}

/**
 * Opens `path` and waits for `ready`. The demo backend restarts when its
 * sources change during development and the fleet lists fill after the first
 * catalog read, so a failed first load is retried by reloading: this spec
 * measures layout, not start-up.
 */
async function openWhenReady(
  page: Page,
  path: string,
  ready: (page: Page) => Locator,
) {
  await openAsGuest(page, path);
  // Give the page its time first; reload only a page that stayed empty.
  await ready(page)
    .first()
    .waitFor({ timeout: 40_000 })
    .catch(() => undefined);
  await expect(async () => {
    if (!(await ready(page).first().isVisible())) {
      await page.reload();
      await expect(ready(page).first()).toBeVisible({ timeout: 30_000 });
    }
  }).toPass({ timeout: 100_000 });
}

/**
 * Defines `rootOf(cardTitle?)` in the page: `main`, or the card of `main`
 * whose header reads `cardTitle` (on pages other plugins share, only our
 * card is ours to measure).
 */
async function defineRootOf(page: Page) {
  await page.evaluate(() => {
    (window as any).rootOf = (title?: string): Element | null => {
      const main = document.querySelector('main');
      if (!main || !title) return main;
      return (
        Array.from(main.querySelectorAll('[class*="MuiCard-root"]')).find(
          card =>
            card
              .querySelector('[class*="MuiCardHeader-title"]')
              ?.textContent?.trim() === title,
        ) ?? null
      );
    };
  });
}

declare function rootOf(cardTitle?: string): Element | null;

async function expectReadable(page: Page, cardTitle?: string) {
  await defineRootOf(page);
  expect.soft(await wordsWrappedInCells(page, cardTitle)).toEqual([]);
  expect.soft(await horizontalOverflow(page, cardTitle)).toEqual([]);
}

const WIDTHS = [1024, 1440];

// A page from the development build, waited for, then measured word by word.
test.setTimeout(200_000);

/** Mesh tabs with the widest tables: workloads on two revisions, policies, ECK checks, exposure. */
const MESH_TABS = [
  'reviews',
  'productpage',
  'checkout',
  'payments',
  'logging-stack',
];

for (const width of WIDTHS) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('the dashboard tables keep words whole and fit the page', async ({
      page,
    }) => {
      await openWhenReady(page, '/mesh', p =>
        p
          .getByRole('table', { name: 'Services' })
          .getByRole('link', { name: 'reviews' }),
      );
      await expect(page.getByRole('table', { name: 'Clusters' })).toBeVisible();
      await expectReadable(page);

      await page.goto('/mesh?tab=findings');
      const findings = page.getByRole('table', { name: 'Findings' });
      await expect(findings.getByRole('row').nth(3)).toBeVisible();
      await expectReadable(page);
    });

    for (const name of MESH_TABS) {
      test(`the Mesh tab of ${name} keeps words whole and fits the page`, async ({
        page,
      }) => {
        await openWhenReady(
          page,
          `/catalog/default/component/${name}/mesh`,
          p => p.getByText(/^Findings \(\d+\)$/),
        );
        await expectReadable(page);
      });
    }

    test('the overview card keeps words whole and fits the page', async ({
      page,
    }) => {
      await openWhenReady(page, '/catalog/default/component/reviews', p =>
        p.getByText(/Sidecar/),
      );
      await expectReadable(page, 'Service mesh');
    });
  });
}
