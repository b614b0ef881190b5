/**
 * Whether this build acts on the e2e tests' fault hooks (see __VERDICT_LENS_TEST_HOOKS__): on where no bundler ran
 * (Node unit tests), otherwise as the build was told.
 */
export const TEST_HOOKS: boolean =
  typeof __VERDICT_LENS_TEST_HOOKS__ === 'undefined' ? true : __VERDICT_LENS_TEST_HOOKS__;
