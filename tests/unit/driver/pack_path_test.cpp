#include "tools/cutover/pack_path.h"

#include <gtest/gtest.h>

namespace cutover::driver {
namespace {

using Dirs = std::vector<std::string>;

TEST(PackPath, BesideTheBinaryThenCutoverPathThenOptions) {
  EXPECT_EQ(packSearchPath("/opt/cutover/bin", "/a:/b", {"/c", "/d"}),
            (Dirs{"/opt/cutover/policies", "/a", "/b", "/c", "/d"}));
}

TEST(PackPath, EmptyPartsOfCutoverPathAreSkipped) {
  EXPECT_EQ(packSearchPath("/x/bin", "", {}), (Dirs{"/x/policies"}));
  EXPECT_EQ(packSearchPath("/x/bin", "::/a:", {}), (Dirs{"/x/policies", "/a"}));
}

TEST(PackPath, NoExecutableDirectoryMeansNoInstalledPacks) {
  EXPECT_EQ(packSearchPath("", "/a", {"/c"}), (Dirs{"/a", "/c"}));
}

} // namespace
} // namespace cutover::driver
