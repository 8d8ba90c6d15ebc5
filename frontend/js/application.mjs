// Start GOV.UK Frontend and MoJ Frontend components on every page.
import { initAll as initGovUk } from "govuk-frontend";
import { initAll as initMoj } from "@ministryofjustice/frontend";
import { initJobProgress } from "./job-progress.mjs";
import { initRadioReveals } from "./radio-reveals.mjs";

initGovUk();
initMoj();
initJobProgress();
initRadioReveals();
