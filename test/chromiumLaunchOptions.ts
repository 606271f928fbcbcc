/**
 * How the Playwright suites start Debian's Chromium (Playwright's own browser
 * download cannot be reached from these machines): the end-to-end tests of
 * the demo portal and the adopter test share it.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.MESHWISE_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
