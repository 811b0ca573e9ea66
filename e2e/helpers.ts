import { expect, type Page } from "@playwright/test";

export type DevUser = "Alice" | "Bob" | "Admin";

/** Sign in through the development sign-in page as one of the seeded users. */
export async function signInAs(page: Page, user: DevUser) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: new RegExp(`^Sign in as ${user}\\b`) }).click();
  await expect(page.getByTestId("current-user")).toHaveText(user);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}
