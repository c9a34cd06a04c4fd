/**
 * Every stylesheet of the renderer, imported here in one fixed order, so they all load with the
 * page as one file whatever code loads later. Areas other than the Inbox are their own chunks
 * (areas/registry.tsx); their stylesheets, left to them, would arrive when an area is first shown
 * and land after styles/app.css, so rules of equal specificity would resolve differently before
 * and after a visit. This is the order they had when every area was in the start path (the
 * components still import their own stylesheets; those imports find them loaded).
 * test/unit/renderer/css-scope.test.ts checks that every stylesheet is listed.
 */
import '../areas/inbox/badges.css';
import '../areas/inbox/detail/detail.css';
import '../areas/inbox/detail/forwards.css';
import '../areas/send/preview-panel.css';
import '../areas/deliveries/delivery-select.css';
import '../areas/endpoints/common.css';
import '../areas/deliveries/deliveries.css';
import '../areas/endpoints/topics-picker.css';
import '../areas/endpoints/endpoint-dialog.css';
import '../areas/overview/overview.css';
import 'uplot/dist/uPlot.min.css';
import '../areas/endpoints/endpoints.css';
import '../areas/inbox/dialogs.css';
import '../areas/inbox/settings/rules.css';
import '../areas/inbox/detail/signature.css';
import '../areas/inbox/request-select.css';
import '../areas/inbox/rejected.css';
import '../areas/inbox/request-list.css';
import '../areas/inbox/inbox.css';
import '../areas/runs/item-diff.css';
import '../areas/runs/run-items.css';
import '../areas/runs/run-view.css';
import '../areas/runs/runs.css';
import '../areas/send/catalog.css';
import '../areas/send/target-panel.css';
import '../areas/send/template-help.css';
import '../areas/send/send.css';
import '../areas/settings/receiver-section.css';
import '../areas/signatures/signatures.css';
import './app.css';
